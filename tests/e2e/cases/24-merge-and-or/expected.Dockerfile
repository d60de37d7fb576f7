FROM localhost/bb
RUN { test -e /nope && echo yes > /r || echo no > /r; } && echo again >> /r
