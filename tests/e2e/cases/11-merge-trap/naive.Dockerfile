FROM localhost/bb
RUN trap 'rm -f /b' EXIT; echo a > /a && echo b > /b
