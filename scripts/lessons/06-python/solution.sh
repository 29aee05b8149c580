# Lesson 6, in the workspace: add.py (shown below) is written, made executable and run.
here=${BASH_SOURCE[0]:-$0}
cp "${here%/*}/solution/add.py" .
chmod +x add.py
./add.py 3
# Then, in the REPL: python3, from add import add, add(2, 2), Ctrl-D to leave.
# (Here the REPL is typed into by a pipe, through script, which gives it a terminal as yours is.)
printf 'from add import add\nadd(2, 2)\n' | script -qec python3 /dev/null >/dev/null
