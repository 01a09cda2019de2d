"""What a record is: models, vocabularies, registry names, number words, citations (no files)."""
