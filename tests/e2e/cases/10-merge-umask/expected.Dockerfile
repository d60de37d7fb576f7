FROM localhost/bb
RUN (umask 077 && echo a > /a) && echo b > /b
