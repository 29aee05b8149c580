# Writes foods.tsv: a food-facts table, big enough that opening it in a spreadsheet hurts.
# Column 2 (code) is derived from column 1 (id) and the learner's seed, so a check can tell a
# line of this file from an invented one without reading the whole file again.
BEGIN {
  srand(seed)
  nn = split("apple bread cheese yogurt granola pasta rice tofu salmon lentils cereal cookies juice soda chips oats hummus muesli", food, " ")
  nb = split("Acme Bluebird Northwind Sunrise Valley Harbor Summit Meadow Juniper Cascade", brand, " ")
  nc = split("France Germany Spain United-States Italy United-Kingdom Canada Mexico Japan Brazil", country, " ")
  nt = split("organic classic light crunchy smoked wholegrain spicy original", style, " ")
  print "id\tcode\tproduct_name\tbrands\tcountries\tenergy_kcal_100g\tsugars_100g\tfat_100g\tproteins_100g\tsalt_100g"
  for (i = 1; i <= rows; i++) {
    b = brand[int(rand() * nb) + 1]
    printf "%d\t%d\t%s %s %s %d g\t%s\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.3f\n", i, (i * 7919 + seed) % 1000003, b, style[int(rand() * nt) + 1], food[int(rand() * nn) + 1], int(rand() * 990) + 10, b, country[int(rand() * nc) + 1], int(rand() * 900), rand() * 60, rand() * 40, rand() * 30, rand() * 3
  }
}
