FROM localhost/bb
RUN export FOO=from-a && echo "$FOO" > /a && echo "${FOO:-unset}" > /b
