"""`python -m cleaner ...` runs the `clean` command (cleaner.launch, so a build starts its
workers' fork server first, as `clean build` does)."""

from cleaner.launch import main

if __name__ == "__main__":
    main()
