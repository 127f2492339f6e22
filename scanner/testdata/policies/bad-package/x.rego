package site.rules

deny contains "x" if false
