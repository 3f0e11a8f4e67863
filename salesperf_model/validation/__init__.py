"""Published field findings reproduced by paired simulation experiments (common random numbers)."""
