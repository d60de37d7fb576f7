FROM localhost/bb
RUN (set -o noglob && touch /t1 /t2) && echo /t* > /glob
