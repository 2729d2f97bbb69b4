import os
import sys

# Tests run against the source tree's package and the library named by
# PRSPREAD_LIBRARY (ctest sets it to the freshly built one).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

CORPUS_DIR = os.environ.get("PRSPREAD_CORPUS_DIR",
                            os.path.join(os.path.dirname(__file__), "../../../../shared/corpora"))
