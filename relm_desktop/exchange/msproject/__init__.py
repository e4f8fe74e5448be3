"""MS Project interchange: MSPDI XML read and written, .mpp read through MPXJ."""
