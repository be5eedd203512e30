"""Operations: commands, the end-of-crawl report, monitors and extensions."""
