"""A generator of hostile input pages (issue 8): see `generate.py`."""
