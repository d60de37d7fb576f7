FROM localhost/bb
RUN (set -x; echo a > /a) && { echo b; } 2> /trace > /b
