"""The Gantt timeline: task tree-table, chart, gestures."""
