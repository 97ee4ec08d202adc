"""One module per collection of the script suite (see ../build.py)."""
