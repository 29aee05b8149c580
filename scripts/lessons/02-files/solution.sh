# Lesson 2, sourced in your shell from the workspace (it ends with a cd).
mkdir -p projects/demo/data
cp inbox/*.csv projects/demo/data/
mv inbox/*.md projects/demo/README.md
rm inbox/*.tmp
cd projects/demo/data || return
pwd >../../../where.txt
cd ..
