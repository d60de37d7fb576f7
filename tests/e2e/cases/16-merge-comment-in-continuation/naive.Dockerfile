FROM localhost/bb
RUN echo a && echo b > /b \
# a comment line inside the continuation
    > /a
