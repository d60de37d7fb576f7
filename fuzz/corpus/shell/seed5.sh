cat <<EOF > /f
$(date) ${v//a/b}
EOF
sh -c 'cd /x && [[ -f y ]]'