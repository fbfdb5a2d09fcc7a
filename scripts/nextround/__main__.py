from nextround.cli import main

main()
