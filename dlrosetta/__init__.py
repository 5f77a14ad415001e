"""dl-rosetta's command line: one module per command (add_arguments, run), nothing else."""
