FROM localhost/bb
RUN /bin/touch "/a b" "/$HOME" "/it's" "/back\\slash" && echo b > /b
