FROM localhost/bb
RUN mkdir -m 1777 /shared && echo a > /shared/a && echo b > /shared/b
USER nobody
