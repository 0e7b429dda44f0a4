"""The command line: the argparse front end (`main`) and every terminal renderer."""
