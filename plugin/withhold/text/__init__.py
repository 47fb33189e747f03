"""Text as the matcher sees it: decoding of encodings, normalisation with its offset map, spans."""
