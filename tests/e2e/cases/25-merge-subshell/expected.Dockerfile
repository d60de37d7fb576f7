FROM localhost/bb
RUN (cd /tmp && echo a > f) && echo b > f
