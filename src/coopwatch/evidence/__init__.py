"""Documents as evidence of a plan's implementation.

    files → read (documents) → language, facts (amounts, dates; regions, places, agencies,
    domains) → sentence vector (embeddings) → ranked plan items (linking)
          ↘ over a batch: duplicates and cross-language events (analyse)
    → stored documents and links (ingest) → evaluators' decisions (review)
    → which documents count for an item (counting) → hot topics and key figures (digest)

`calibration` refits the link and event models on labelled sets; `scale` runs the per-file
stages on Dask.
"""
