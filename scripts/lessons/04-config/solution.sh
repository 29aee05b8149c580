# Lesson 4, sourced in your interactive shell (bash or zsh): it edits your rc file and loads it.
ws=~/beachhouse-lessons/04-config
if [ -n "${ZSH_VERSION:-}" ]; then rc=~/.zshrc; else rc=~/.bashrc; fi
region=$(sed -n 's/^region *= *//p' "$ws/project/settings.txt")

mkdir -p ~/.config/proj
mv "$ws/project/secret.txt" ~/.config/proj/secret
chmod 600 ~/.config/proj/secret

cat >>"$rc" <<RC

# Lesson 4: one word into the project, with its venv active.
alias proj='cd ~/beachhouse-lessons/04-config/project && source .venv/bin/activate'
export AWS_DEFAULT_REGION=$region
RC

. "$rc"
proj
