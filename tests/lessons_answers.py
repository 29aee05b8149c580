"""Answers to the lessons that the reference solutions do not give: other correct methods,
and plausible wrong ones with what `learn check` must say about them (tests/test_lessons.py)."""

from lessons_helpers import lesson_dir

# Correct answers the reference solution does not use: (lesson, shell, script in the workspace).
OTHER_WAYS = {
    "1-find-sort-awk": (
        1,
        "bash",
        "find tools -type f | wc -l > count.txt; command -v wc > wc-path.txt\n"
        "ls -l tools | sort -k5 -n | tail -n 1 | awk '{print $NF}' > largest.txt\n"
        "wc --help | grep -e '-l,' > lines-option.txt",
    ),
    "1-zsh-globs": (
        1,
        "zsh",
        "print -l tools/*(.) | wc -l > count.txt; which wc > wc-path.txt\n"
        "print -r -- tools/*(.OL[1]) > largest.txt; wc --help | grep lines > lines-option.txt",
    ),
    "2-absolute-paths": (
        2,
        "bash",
        "ws=$PWD; mkdir -p $ws/projects/demo/data; cp inbox/*.csv $ws/projects/demo/data/\n"
        "mv inbox/report-*.md $ws/projects/demo/README.md; find inbox -name '*.tmp' -delete\n"
        'cd $ws/projects/demo/data; echo "$PWD" > $ws/where.txt; cd $ws/projects/demo',
    ),
    "2-zsh-realpath": (
        2,
        "zsh",
        "mkdir -p projects/demo/data && cp inbox/*.csv projects/demo/data\n"
        "mv inbox/*.md projects/demo/README.md && rm -f inbox/*.tmp\n"
        "cd projects/demo/data && realpath . > ../../../where.txt && cd -q ..",
    ),
    "3-shuf-head-awk": (
        3,
        "bash",
        "printf 'hello\\n' > greeting.txt; printf 'world\\n' >> greeting.txt\n"
        "cat words.txt | wc -w > words-count.txt; wc -c words.txt > bytes-count.txt\n"
        "awk '{for (i = 1; i <= NF; i++) n[$i]++} END {for (w in n) print n[w], w}' words.txt"
        " | sort -rn | head -n 3 > top3.txt\n"
        "{ time shuf foods.tsv | head -n 10000 > sample.tsv ; } 2> time.txt\n"
        "ls foods.tsv no-such-file > /dev/null 2> errors.txt\n"
        "ls foods.tsv no-such-file &> both.txt\n"
        "wc -l foods.tsv | tee lines.txt",
    ),
    "3-zsh-sorted-sample": (
        3,
        "zsh",
        "echo hello > greeting.txt; echo world >> greeting.txt\n"
        "wc -w < words.txt > words-count.txt; wc -c < words.txt > bytes-count.txt\n"
        "tr -s ' ' '\\n' < words.txt | sort | uniq -c | sort -nr | head -3 > top3.txt\n"
        "{ time shuf -n 10000 foods.tsv | sort -n > sample.tsv } 2> time.txt\n"
        "ls foods.tsv no-such-file 2> errors.txt 1> /dev/null\n"
        "ls foods.tsv no-such-file > both.txt 2>&1; wc -l foods.tsv | tee lines.txt > /dev/null",
    ),
    "4-function-in-bash-aliases": (
        4,
        "bash",
        "echo '[ -f ~/.bash_aliases ] && . ~/.bash_aliases' >> ~/.bashrc\n"
        "region=$(awk '/region/ {print $3}' project/settings.txt)\n"
        "printf '%s\\n' 'proj() { cd ~/beachhouse-lessons/04-config/project &&'"
        " ' . .venv/bin/activate; }'"
        ' "export AWS_DEFAULT_REGION=$region" > ~/.bash_aliases\n'
        "install -D -m 600 project/secret.txt ~/.config/proj/secret && rm project/secret.txt\n"
        "source ~/.bashrc; proj",
    ),
    "4-zsh-function": (
        4,
        "zsh",
        "region=$(sed -n 's/^region = //p' project/settings.txt)\n"
        "printf '%s\\n' 'function proj {' '  cd ~/beachhouse-lessons/04-config/project &&'"
        " '  source .venv/bin/activate' '}' \"export AWS_DEFAULT_REGION=$region\" >> ~/.zshrc\n"
        "mkdir -p ~/.config/proj; mv project/secret.txt ~/.config/proj/secret\n"
        "chmod go-rwx ~/.config/proj/secret; source ~/.zshrc; proj",
    ),
    "5-printf-and-case": (
        5,
        "bash",
        "printf '%s\\n' '#!/bin/bash' 'set -Eeuo pipefail' '[ $# -eq 0 ] && set -- world'"
        " 'case $1 in -*) echo \"usage: hello.sh [NAME...]\" >&2; exit 2;; esac'"
        ' \'printf "Hello, %s!\\n" "$@"\' > hello.sh; chmod 755 hello.sh',
    ),
    "5-long-options-from-zsh": (
        5,
        "zsh",
        "printf '%s\\n' '#!/usr/bin/env bash' 'set -o errexit -o nounset -o pipefail'"
        " 'if (( $# == 0 )); then echo \"Hello, world!\"; exit 0; fi'"
        " 'if [[ $1 == -* ]]; then echo \"unknown option $1\" >&2; exit 2; fi'"
        " 'while [ $# -gt 0 ]; do echo \"Hello, $1!\"; shift; done' > hello.sh; chmod +x hello.sh",
    ),
    "6-argparse-randrange-10": (
        6,
        "bash",
        "cat > add.py <<'PY'\n#!/usr/bin/env python3\nimport argparse\nimport random\n\n\n"
        "def add(x, y):\n    return x + y\n\n\ndef main():\n"
        "    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('count', nargs='?', type=int, default=10)\n"
        "    for _ in range(parser.parse_args().count):\n"
        "        a, b = random.randrange(1, 10), random.randrange(1, 10)\n"
        "        print(a, '+', b, '=', add(a, b))\n\n\nif __name__ == '__main__':\n    main()\nPY\n"
        "chmod u+x add.py; printf 'import add\\nadd.add(1, 2)\\n' >> ~/.python_history",
    ),
    "6-choice-in-zsh": (
        6,
        "zsh",
        "printf '%s\\n' '#!/usr/bin/env python3' 'import random, sys' 'def add(x, y):'"
        " '    return x + y' 'if __name__ == \"__main__\":'"
        " '    for _ in range(int(sys.argv[1]) if sys.argv[1:] else 10):'"
        " '        x, y = (random.choice(range(1, 10)) for _ in \"xy\")'"
        " '        print(f\"{x} + {y} = {add(x, y)}\")' > add.py; chmod +x add.py\n"
        "echo 'from add import add; add(4, 4)' > ~/.python_history",
    ),
    "7-loop-memo-parametrize": (
        7,
        "bash",
        'cat > change.py <<\'PY\'\nimport functools\n\nCOINS = (("quarters", 25), ("dimes", 10),'
        ' ("nickels", 5), ("pennies", 1))\n\n\ndef make_change(cents):\n    result = {}\n'
        "    for name, value in COINS:\n        result[name] = 0\n        while cents >= value:\n"
        "            cents -= value\n            result[name] += 1\n    return result\n\n\n"
        "def fewest_coins(cents, coins):\n    @functools.lru_cache(maxsize=None)\n"
        "    def best(amount):\n        if amount == 0:\n            return 0\n"
        "        return 1 + min(best(amount - c) for c in coins if c <= amount)\n"
        "    return best(cents)\nPY\n"
        "cat > test_change.py <<'PY'\nimport pytest\n"
        "from change import fewest_coins, make_change\n\n\n"
        "@pytest.mark.parametrize('cents, coins', [(35, (1, 1, 0, 0)), (75, (3, 0, 0, 0)),"
        " (8, (0, 0, 1, 3)), (0, (0, 0, 0, 0))])\ndef test_greedy(cents, coins):\n"
        "    assert tuple(make_change(cents).values()) == coins\n\n\n"
        "def test_two_fives_beat_greedy():\n    assert fewest_coins(10, (1, 5, 6)) == 2\nPY",
    ),
    "8-sorted-neighbours": (
        8,
        "bash",
        "cat > tsp.py <<'PY'\n#!/usr/bin/env python3\nimport csv, random, sys\n\n"
        "rows = list(csv.reader(open('cities.tsv'), delimiter='\\t'))[1:]\n"
        "dist = {}\nfor a, b, d in rows:\n    dist.setdefault(a, {})[b] = int(d)\n"
        "cities = list(dist)\nbest = None\nfor run in range(int(sys.argv[1])):\n"
        "    start = cities[random.randrange(len(cities))]\n    route, total = [start], 0\n"
        "    while len(route) < len(cities):\n"
        "        options = sorted((d, c) for c, d in dist[route[-1]].items() if c not in route)\n"
        "        total += options[0][0]\n        route.append(options[0][1])\n"
        "    print('run %d: start %s distance %d' % (run + 1, start, total))\n"
        "    if best is None or total < best[0]:\n        best = (total, route)\n"
        "print('shortest:', best[0])\nprint('route:', ' '.join(best[1]))\nPY\nchmod +x tsp.py",
    ),
    "8-zsh-reference": (8, "zsh", f'. "{lesson_dir(8)}/solution.sh" > /dev/null'),
    "9-pstdev-median-tabs": (
        9,
        "bash",
        "python3 - <<'PY' > summary.txt\nimport csv, statistics as s\n"
        "rows = list(csv.DictReader(open('people.csv')))\n"
        "cols = [[float(r[c]) for r in rows] for c in ('height_in', 'weight_lb')]\n"
        "stats = [('count', len), ('mean', s.mean), ('stdev', s.pstdev), ('min', min),"
        " ('p25', lambda v: s.quantiles(v, n=4, method='inclusive')[0]), ('median', s.median),"
        " ('p75', lambda v: s.quantiles(v, n=4, method='inclusive')[2]), ('max', max)]\n"
        "for name, f in stats:\n    print(name, *(round(f(v), 2) for v in cols), sep='\\t')\nPY",
    ),
    "9-sorted-by-hand-csv": (
        9,
        "zsh",
        'python3 -c \'\nimport csv\nrows = list(csv.reader(open("people.csv")))[1:]\n'
        "for col in (1, 2):\n    v = sorted(float(r[col]) for r in rows)\n"
        "    n = len(v); m = sum(v) / n\n"
        "    sd = (sum((x - m) ** 2 for x in v) / (n - 1)) ** 0.5\n"
        "    q = lambda p: v[int(p * (n - 1))] + (p * (n - 1) % 1) * (v[int(p * (n - 1)) + 1]"
        " - v[int(p * (n - 1))])\n"
        '    print(col, n, m, sd, v[0], q(0.25), q(0.5), q(0.75), v[-1], sep=",")\n\' > cols.csv\n'
        "paste -d, <(echo stat; printf '%s\\n' count mean std min 25% 50% 75% max)"
        " <(tr , '\\n' < cols.csv | sed -n 1,9p) <(tr , '\\n' < cols.csv | sed -n 10,18p)"
        " > summary.txt",
    ),
}

# Plausible wrong answers: (lesson, shell, script, the failed step's start, evidence's start).
WRONG_ANSWERS = {
    "1-counted-the-total-line": (
        1,
        "bash",
        f'. "{lesson_dir(1)}/solution.sh"; ls -l tools | wc -l > count.txt',
        "✗ 2. count.txt holds",
        "count.txt: says",
    ),
    "1-first-name-not-biggest": (
        1,
        "bash",
        f'. "{lesson_dir(1)}/solution.sh"; ls tools | tail -n 1 > largest.txt',
        "✗ 4. largest.txt names",
        "largest.txt: names",
    ),
    "1-the-whole-help": (
        1,
        "bash",
        f'. "{lesson_dir(1)}/solution.sh"; wc --help > lines-option.txt',
        "✗ 5. lines-option.txt holds",
        "lines-option.txt: holds",
    ),
    "2-tilde-in-a-file": (
        2,
        "bash",
        f'. "{lesson_dir(2)}/solution.sh"; echo "~/beachhouse-lessons/02-files/projects/demo/data"'
        " > ../../where.txt",
        "✗ 5. where.txt holds",
        "where.txt: found '~/beachhouse-lessons/02-files/projects/demo/data'; the shell expands ~",
    ),
    "2-deleted-everything": (
        2,
        "bash",
        f'. "{lesson_dir(2)}/solution.sh"; rm ../../inbox/*',
        "✗ 2. projects/demo/data/",
        "inbox/",
    ),
    "3-last-lines-reversed": (
        3,
        "bash",
        f'. "{lesson_dir(3)}/solution.sh"; tac foods.tsv | head -n 10000 > sample.tsv',
        "✗ 6. sample.tsv holds 10,000 lines",
        "sample.tsv: 100 % of its lines come from tenth number 10",
    ),
    "3-first-lines-shuffled": (
        3,
        "bash",
        f'. "{lesson_dir(3)}/solution.sh"; head -n 10001 foods.tsv | shuf > sample.tsv',
        "✗ 6. sample.tsv holds 10,000 lines",
        "sample.tsv: has 10001 lines",
    ),
    "3-first-data-lines-shuffled": (
        3,
        "bash",
        f'. "{lesson_dir(3)}/solution.sh"; sed -n 2,10001p foods.tsv | shuf > sample.tsv',
        "✗ 6. sample.tsv holds 10,000 lines",
        "sample.tsv: 100 % of its lines come from tenth number 1",
    ),
    "3-every-25th-line": (
        3,
        "bash",
        f'. "{lesson_dir(3)}/solution.sh"; awk "NR % 25 == 0" foods.tsv > sample.tsv',
        "✗ 6. sample.tsv holds 10,000 lines",
        "sample.tsv: 100 % of its lines are the same distance apart",
    ),
    "3-timing-typed-by-hand": (
        3,
        "bash",
        f'. "{lesson_dir(3)}/solution.sh"; printf "real\\t0m0.001s\\n" > time.txt',
        "✗ 7. time.txt holds",
        "time.txt: says 1 ms",
    ),
    "3-errors-with-the-listing": (
        3,
        "bash",
        f'. "{lesson_dir(3)}/solution.sh"; ls foods.tsv no-such-file > errors.txt 2>&1',
        "✗ 8. errors.txt holds only",
        "errors.txt: also holds the listing",
    ),
    "4-secret-in-bash-aliases": (
        4,
        "bash",
        "echo '[ -f ~/.bash_aliases ] && . ~/.bash_aliases' >> ~/.bashrc\n"
        f'. "{lesson_dir(4)}/solution.sh"\n'
        'echo "export PROJ_TOKEN=$(cat ~/.config/proj/secret)" > ~/.bash_aliases',
        "✗ 5. the secret is in no file",
        "~/.bash_aliases: holds the secret",
    ),
    "4-secret-loaded-at-start-up": (
        4,
        "zsh",
        f'. "{lesson_dir(4)}/solution.sh"\n'
        "echo 'export PROJ_TOKEN=$(cat ~/.config/proj/secret)' >> ~/.zshrc",
        "✗ 5. the secret is in no file",
        "a fresh zsh holds the secret in PROJ_TOKEN",
    ),
    "4-another-learners-region": (
        4,
        "bash",
        f'. "{lesson_dir(4)}/solution.sh"\n'
        "for r in us-east-1 eu-west-1; do grep -q $r project/settings.txt || break; done\n"
        'echo "export AWS_DEFAULT_REGION=$r" >> ~/.bashrc',
        "✗ 4. ~/.bashrc exports AWS_DEFAULT_REGION=",
        "~/.bashrc: AWS_DEFAULT_REGION is",
    ),
    "5-no-pipefail": (
        5,
        "bash",
        f'. "{lesson_dir(5)}/solution.sh"; sed -i "s/set -euo pipefail/set -eu/" hello.sh',
        "✗ 3. hello.sh turns strict mode on",
        "./hello.sh: runs without -o pipefail",
    ),
    "5-unquoted-arguments": (
        5,
        "bash",
        f'. "{lesson_dir(5)}/solution.sh"; sed -i \'s/"$@"/$@/\' hello.sh',
        "✗ 5. ./hello.sh NAME... greets each name",
        "./hello.sh ",
    ),
    "5-greets-only-the-first": (
        5,
        "bash",
        "printf '%s\\n' '#!/usr/bin/env bash' 'set -euo pipefail'"
        " 'echo \"Hello, ${1:-world}!\"' > hello.sh; chmod +x hello.sh",
        "✗ 5. ./hello.sh NAME... greets each name",
        "./hello.sh ",
    ),
    "6-randrange-never-9": (
        6,
        "bash",
        f'. "{lesson_dir(6)}/solution.sh"; sed -i "s/randint(1, 9)/randrange(1, 9)/g" add.py\n'
        "echo 'add(1, 1)' > ~/.python_history",
        "✗ 7. every number from 1 to 9 comes up",
        "./add.py 100: in 200 random numbers, 9 never came up",
    ),
    "6-hard-coded-sums": (
        6,
        "bash",
        "printf '%s\\n' '#!/usr/bin/env python3' 'import sys' 'def add(x, y):' '    return x + y'"
        " 'if __name__ == \"__main__\":'"
        ' \'    print(*["4 + 7 = 11"] * int((sys.argv[1:] or [10])[0]), sep="\\n")\' > add.py\n'
        "chmod +x add.py",
        "✗ 6. the numbers are random",
        "./add.py",
    ),
    "6-never-tried-the-repl": (
        6,
        "bash",
        f'. "{lesson_dir(6)}/solution.sh"; rm ~/.python_history',
        "✗ 8. you tried add in the Python REPL",
        "~/.python_history: no call of add( in it",
    ),
    "7-tests-that-never-test-dimes": (
        7,
        "bash",
        f'cp "{lesson_dir(7)}/solution/change.py" .\n'
        "cat > test_change.py <<'PY'\nimport change\n"
        "from change import fewest_coins, make_change\n\n\n"
        "def test_a_quarter():\n    assert make_change(25)['quarters'] == 1\n\n\n"
        "def test_coins():\n    assert change.COINS\n\n\n"
        "def test_a_dict():\n    assert isinstance(make_change(3), dict)\n\n\n"
        "def test_a_penny():\n    assert make_change(1)['pennies'] == 1\n\n\n"
        "def test_fewest():\n    assert fewest_coins(6, (1, 3, 4)) == 2\nPY",
        "✗ 5. your tests catch a make_change that never uses dimes",
        "test_change.py: every test passes on a make_change that never uses dimes",
    ),
    "7-fewest-is-greedy": (
        7,
        "bash",
        f'cp "{lesson_dir(7)}/solution/"*.py .\n'
        "cat >> change.py <<'PY'\n\n\ndef fewest_coins(cents, coins):\n    count = 0\n"
        "    for value in sorted(coins, reverse=True):\n        count += cents // value\n"
        "        cents %= value\n    return count\nPY",
        "✗ 3. fewest_coins(cents, coins) finds the fewest coins",
        "fewest_coins(6, (1, 3, 4)): returned 3, expected 2 (that is what greedy pays",
    ),
    "7-no-test-where-greedy-loses": (
        7,
        "bash",
        f'cp "{lesson_dir(7)}/solution/"*.py .\n'
        "sed -i '/def test_greedy_is_not_always_the_fewest/,$d' test_change.py",
        "✗ 7. your tests catch a fewest_coins that just pays greedily",
        "test_change.py: every test passes on a fewest_coins that just pays greedily",
    ),
    "8-always-the-first-city": (
        8,
        "bash",
        f'. "{lesson_dir(8)}/solution.sh"\n'
        "sed -i 's/random.choice(sorted(distances))/sorted(distances)[0]/' tsp.py",
        "✗ 5. the runs start at cities picked at random",
        "./tsp.py 200: all runs start at",
    ),
    "8-one-run-short": (
        8,
        "bash",
        f'. "{lesson_dir(8)}/solution.sh"; sed -i "s/range(1, runs + 1)/range(1, runs)/" tsp.py',
        "✗ 3. ./tsp.py 200 prints 200 runs",
        "./tsp.py 200: printed 199",
    ),
    "8-back-to-the-start": (
        8,
        "bash",
        f'. "{lesson_dir(8)}/solution.sh"\n'
        "sed -i 's/    return route, total/    return route, total + distances[route[-1]][start]/'"
        " tsp.py",
        "✗ 4. every run follows the greedy rule",
        "run 1: from",
    ),
    "9-columns-swapped": (
        9,
        "bash",
        f'. "{lesson_dir(9)}/solution.sh"; awk "{{print \\$1, \\$3, \\$2}}" summary.txt > s'
        " && mv s summary.txt",
        "✗ 4. every value matches people.csv",
        "summary.txt: mean of height_in is",
    ),
    "9-another-learners-people": (
        9,
        "bash",
        f'awk -v seed=1 -f "{lesson_dir(9)}/gen-people.awk" > other.csv\n'
        f'python3 "{lesson_dir(9)}/solution/describe.py" other.csv > summary.txt',
        "✗ 4. every value matches people.csv",
        # Which value differs first depends on the two learners' data: any names people.csv.
        "summary.txt: ",
    ),
    "9-header-counted": (
        9,
        "bash",
        f'. "{lesson_dir(9)}/solution.sh"; sed -i "s/^count 25000 25000/count 25001 25001/"'
        " summary.txt",
        "✗ 4. every value matches people.csv",
        "summary.txt: count of height_in is 25001",
    ),
}
