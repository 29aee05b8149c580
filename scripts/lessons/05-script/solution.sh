# Lesson 5, in the workspace: hello.sh (shown below) is written and made executable.
here=${BASH_SOURCE[0]:-$0}
cp "${here%/*}/solution/hello.sh" .
chmod +x hello.sh
