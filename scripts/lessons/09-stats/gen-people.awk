# Writes people.csv: 25,000 heights (inches) and weights (pounds), bell-shaped and linked:
# taller people weigh more. Normal values come from two uniform ones (Box-Muller).
function normal() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand()) }
BEGIN {
  srand(seed)
  print "index,height_in,weight_lb"
  for (i = 0; i < 25000; i++) {
    h = 68 + 1.9 * normal()
    printf "%d,%.5f,%.4f\n", i, h, 127 + 3.1 * (h - 68) + 10 * normal()
  }
}
