FROM localhost/bb
COPY --chmod=755 site/ /srv/site/
