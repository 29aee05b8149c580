# Lesson 3, in the workspace.
echo hello >greeting.txt
echo world >>greeting.txt
wc -w <words.txt >words-count.txt
wc -c <words.txt >bytes-count.txt
tr ' ' '\n' <words.txt | sort | uniq -c | sort -rn | head -n 3 >top3.txt
{ time shuf -n 10000 foods.tsv >sample.tsv; } 2>time.txt
ls foods.tsv no-such-file 2>errors.txt >/dev/null
ls foods.tsv no-such-file >both.txt 2>&1
wc -l foods.tsv | tee lines.txt
