FROM localhost/bb
RUN (set -e; echo a > /a) && { false; echo after > /b; }
