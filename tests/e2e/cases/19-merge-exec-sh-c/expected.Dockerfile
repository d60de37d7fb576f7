FROM localhost/bb
RUN sh -c 'echo "$HOME" '\''$HOME'\'' > /a' && echo b > /b
