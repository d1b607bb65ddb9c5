// jixiao: nothing yet beyond htmx; kept for small page behaviours.
