"""Find the article inside the visible text of a whole news page, line by line."""
