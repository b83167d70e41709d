-- How many of the bulk payloads' virtual machines are stored (run.sh checks that every run stored them all).
SELECT count(*) FROM virtualization_virtualmachine WHERE name LIKE 'bulk-%';
