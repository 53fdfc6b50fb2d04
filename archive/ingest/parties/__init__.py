"""Parties: find the people, organisations, countries and places an article's body mentions.

words.py and gazetteer.py load the shipped lists once; dictionary.py matches listed names;
matcher.py reads a body with them (runs.py, organisations.py, people.py, short_forms.py);
statistical.py adds spaCy's reading, merged by discovered.py; extractor.py builds both layers.
"""
