# Reads a learner's sample.tsv and prints one summary line for check.sh:
#   <lines> <foreign lines> <first foreign line no> <repeated ids> <fullest tenth> <its share %>
#   <emptiest tenth's share %> <commonest gap's share %>
# A line is foreign when its code does not match its id under this learner's seed. A random
# sample spreads evenly over the file's tenths, and the gaps between its ids vary; the first
# or last lines, or every 25th line, do not.
BEGIN { FS = "\t"; first_bad = 0 }
{
  n++
  if ($1 == "id") next
  if (NF != 10 || $1 !~ /^[0-9]+$/ || $1 < 1 || $1 > rows || $2 != ($1 * 7919 + seed) % 1000003) {
    bad++
    if (!first_bad) first_bad = NR
    next
  }
  if ($1 in seen) dup++
  seen[$1] = 1
  k++
  tenth[int(($1 - 1) * 10 / rows)]++
}
END {
  full = 0; empty = 0
  for (t = 0; t < 10; t++) {
    if (tenth[t] > tenth[full]) full = t
    if (tenth[t] < tenth[empty]) empty = t
  }
  prev = 0; common = 0
  for (i = 1; i <= rows; i++) if (i in seen) { if (prev) gaps[i - prev]++; prev = i }
  for (g in gaps) if (gaps[g] > common) common = gaps[g]
  share = k ? int(100 * tenth[full] / k) : 0
  low = k ? int(100 * tenth[empty] / k) : 0
  regular = (k > 1) ? int(100 * common / (k - 1)) : 0
  printf "%d %d %d %d %d %d %d %d\n", n, bad, first_bad, dup, full + 1, share, low, regular
}
