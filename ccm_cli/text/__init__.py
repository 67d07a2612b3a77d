"""Plain-text views of written content: Markdown to prose, Japanese tokenisation."""
