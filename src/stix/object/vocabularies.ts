/**
 * The STIX 2.1 open vocabularies (§10) and enumerations, as data. Open vocabularies are SHOULD
 * (a value outside them is a best-practice warning); enumerations are MUST (an error).
 */

function words(s: string): readonly string[] {
  return s.trim().split(/\s+/);
}

/** Open vocabularies by name (the spec's `-ov` names without the suffix). */
export const OPEN_VOCABULARIES = {
  'account-type': words('facebook ldap nis openid radius skype tacacs twitter unix windows-local windows-domain'),
  'attack-motivation': words('accidental coercion dominance ideology notoriety organizational-gain personal-gain personal-satisfaction revenge unpredictable'),
  'attack-resource-level': words('individual club contest team organization government'),
  'grouping-context': words('suspicious-activity malware-analysis unspecified'),
  'hash-algorithm': words('MD5 SHA-1 SHA-256 SHA-512 SHA3-256 SHA3-512 SSDEEP TLSH'),
  'identity-class': words('individual group system organization class unknown'),
  'implementation-language': words('applescript bash c c++ c# go java javascript lua objective-c perl php powershell python ruby scala swift typescript visual-basic x86-32 x86-64'),
  'indicator-type': words('anomalous-activity anonymization benign compromised malicious-activity attribution unknown'),
  'industry-sector': words(
    'agriculture aerospace automotive chemical commercial communications construction defense education energy entertainment financial-services government ' +
      'government-emergency-services government-local government-national government-public-services government-regional healthcare hospitality-leisure ' +
      'infrastructure infrastructure-dams infrastructure-nuclear infrastructure-water insurance manufacturing mining non-profit pharmaceuticals retail ' +
      'technology telecommunications transportation utilities',
  ),
  'infrastructure-type': words(
    'amplification anonymization botnet command-and-control control-system exfiltration firewall hosting-malware hosting-target-lists phishing ' +
      'reconnaissance routers-switches staging workstation unknown',
  ),
  'malware-capabilities': words(
    'accesses-remote-machines anti-debugging anti-disassembly anti-emulation anti-memory-forensics anti-sandbox anti-vm captures-input-peripherals ' +
      'captures-output-peripherals captures-system-state-data cleans-traces-of-infection commits-fraud communicates-with-c2 compromises-data-availability ' +
      'compromises-data-integrity compromises-system-availability controls-local-machine degrades-security-software degrades-system-updates ' +
      'determines-c2-server emails-spam escalates-privileges evades-av exfiltrates-data fingerprints-host hides-artifacts hides-executing-code ' +
      'infects-files infects-remote-machines installs-other-components persists-after-system-reboot prevents-artifact-access prevents-artifact-deletion ' +
      'probes-network-environment self-modifies steals-authentication-credentials violates-system-operational-integrity',
  ),
  'malware-result': words('malicious suspicious benign unknown'),
  'malware-type': words(
    'adware backdoor bot bootkit ddos downloader dropper exploit-kit keylogger ransomware remote-access-trojan resource-exploitation ' +
      'rogue-security-software rootkit screen-capture spyware trojan unknown virus webshell wiper worm',
  ),
  'pattern-type': words('stix pcre sigma snort suricata yara'),
  'processor-architecture': words('alpha arm ia-64 mips powerpc sparc x86 x86-64'),
  region: words(
    'africa eastern-africa middle-africa northern-africa southern-africa western-africa americas latin-america-caribbean south-america caribbean ' +
      'central-america northern-america asia central-asia eastern-asia southern-asia south-eastern-asia western-asia europe eastern-europe ' +
      'northern-europe southern-europe western-europe oceania antarctica australia-new-zealand melanesia micronesia polynesia',
  ),
  'report-type': words('attack-pattern campaign identity indicator intrusion-set malware observed-data threat-actor threat-report tool vulnerability'),
  'threat-actor-role': words('agent director independent infrastructure-architect infrastructure-operator malware-author sponsor'),
  'threat-actor-sophistication': words('none minimal intermediate advanced expert innovator strategic'),
  'threat-actor-type': words('activist competitor crime-syndicate criminal hacker insider-accidental insider-disgruntled nation-state sensationalist spy terrorist unknown'),
  'tool-type': words('denial-of-service exploitation information-gathering network-capture credential-exploitation remote-access vulnerability-scanning unknown'),
  'windows-pebinary-type': words('dll exe sys'),
} as const satisfies Record<string, readonly string[]>;

/** Name of an open vocabulary. */
export type OpenVocabulary = keyof typeof OPEN_VOCABULARIES;

/** Enumerations (closed: a value outside is an error). */
export const ENUMERATIONS = {
  'encryption-algorithm': words('AES-256-GCM ChaCha20-Poly1305 mime-type-indicated'),
  'extension-type': words('new-sdo new-sco new-sro property-extension toplevel-property-extension'),
  'network-socket-address-family': words('AF_UNSPEC AF_INET AF_IPX AF_APPLETALK AF_NETBIOS AF_INET6 AF_IRDA AF_BTH'),
  'network-socket-type': words('SOCK_STREAM SOCK_DGRAM SOCK_RAW SOCK_RDM SOCK_SEQPACKET'),
  opinion: words('strongly-disagree disagree neutral agree strongly-agree'),
  'windows-integrity-level': words('low medium high system'),
  'windows-registry-datatype': words(
    'REG_NONE REG_SZ REG_EXPAND_SZ REG_BINARY REG_DWORD REG_DWORD_BIG_ENDIAN REG_DWORD_LITTLE_ENDIAN REG_LINK REG_MULTI_SZ REG_RESOURCE_LIST ' +
      'REG_FULL_RESOURCE_DESCRIPTION REG_RESOURCE_REQUIREMENTS_LIST REG_QWORD REG_INVALID_TYPE',
  ),
  'windows-service-start-type': words('SERVICE_AUTO_START SERVICE_BOOT_START SERVICE_DEMAND_START SERVICE_DISABLED SERVICE_SYSTEM_ALERT'),
  'windows-service-type': words('SERVICE_KERNEL_DRIVER SERVICE_FILE_SYSTEM_DRIVER SERVICE_WIN32_OWN_PROCESS SERVICE_WIN32_SHARE_PROCESS'),
  'windows-service-status': words('SERVICE_CONTINUE_PENDING SERVICE_PAUSE_PENDING SERVICE_PAUSED SERVICE_RUNNING SERVICE_START_PENDING SERVICE_STOP_PENDING SERVICE_STOPPED'),
  'tlp-level': words('white green amber red'),
} as const satisfies Record<string, readonly string[]>;

/** Name of an enumeration. */
export type Enumeration = keyof typeof ENUMERATIONS;
