FROM localhost/bb
RUN echo a \
# a comment line inside the continuation
    > /a \
 && echo b > /b
