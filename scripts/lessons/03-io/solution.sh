#!/usr/bin/env bash
# Lesson 3, in the workspace.
echo hello >greeting.txt
echo world >>greeting.txt
wc -w <words.txt >words-count.txt
wc -c <words.txt >bytes-count.txt
tr ' ' '\n' <words.txt | sort | uniq -c | sort -rn | head -n 3 >top3.txt
{ time shuf -n 100000 foods.tsv >sample.tsv; } 2>time.txt
