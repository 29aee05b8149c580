# Lesson 1, in the workspace. Into a pipe, ls prints one name a line and no 'total' line.
ls tools | wc -l >count.txt
which wc >wc-path.txt
# -S sorts by size, biggest first.
ls -S tools | head -n 1 >largest.txt
# -e says that what follows is the pattern, even though it starts with a dash.
wc --help | grep -e --lines >lines-option.txt
