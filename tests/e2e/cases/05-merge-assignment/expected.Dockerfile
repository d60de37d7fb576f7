FROM localhost/bb
RUN (X=1; echo "x=$X" > /a) && echo "x=${X:-none}" > /b
