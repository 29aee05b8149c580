# Reads a learner's sample.tsv and prints one summary line for check.sh:
#   <lines> <header lines> <foreign lines> <repeated ids> <in file order: 1|0> <first foreign line no>
# A line is foreign when its code does not match its id under this learner's seed.
BEGIN { FS = "\t"; ordered = 1; prev = 0; first_bad = 0 }
{
  n++
  if ($1 == "id") { header++; next }
  if (NF != 10 || $1 !~ /^[0-9]+$/ || $2 != ($1 * 7919 + seed) % 1000003) {
    bad++
    if (!first_bad) first_bad = NR
    next
  }
  if ($1 in seen) dup++
  seen[$1] = 1
  if ($1 + 0 <= prev) ordered = 0
  prev = $1 + 0
}
END { printf "%d %d %d %d %d %d\n", n, header, bad, dup, ordered, first_bad }
