"""coopwatch: monitor and evaluate regional science-and-technology cooperation plans.

A library first; the command line (`coopwatch.cli`), the web app (`coopwatch.web`) and the
reports (`coopwatch.report`) are thin layers over it.
"""

__version__ = "0.1.0"
