"""The command line: the process (`process.main`, where errors become exit codes), the
application and its global options, the options commands share and the commands themselves."""
