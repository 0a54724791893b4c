"""The clinical instruments and the visit: visits, questions, PEG and PGIC."""
