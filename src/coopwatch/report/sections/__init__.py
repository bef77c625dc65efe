"""The sections of the periodic evaluation report, in order; each `build(ctx)` returns one
section (`blocks.section`) from library calls only."""

from coopwatch.report.sections import (digest, index, methods, quality, regions, scorecards, sources,  # noqa: I001
                                       summary, targets)

ORDER = (summary, targets, regions, scorecards, index, digest, quality, methods, sources)
