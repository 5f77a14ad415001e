import sys

from dlrosetta.cli import main

sys.exit(main())
