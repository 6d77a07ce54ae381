"""Publish French qualification referentials (CQP, CQPM) as a MkDocs-Material site."""
